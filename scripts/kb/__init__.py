"""Code behind the 基层统战工作培训知识库 build: cleaning, checking and rendering.

Modules are named by what they do: ``clean`` turns a raw source into the cleaned text,
``content`` loads pages and their front matter, ``check`` validates them,
``render_*`` modules transform pages during the MkDocs build.
"""
