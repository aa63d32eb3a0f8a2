"""Trainers' spreadsheets: import a bank from .xlsx/.csv, the template workbook, export.

``columns`` is the one definition of the column names and of the spellings a cell may use;
``read`` turns a file into rows of text; ``locate`` finds the page section that holds a
quote; ``importer`` builds a bank from the rows and checks it with the same schema and rules
as ``build.py check``, reporting every problem at its cell; ``template`` and ``export``
write workbooks with the same columns.
"""
