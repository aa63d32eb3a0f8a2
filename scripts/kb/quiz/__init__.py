"""Question banks: the model, loading, the rules (one function each) and shortfall coverage."""
