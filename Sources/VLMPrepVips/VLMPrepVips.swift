// placeholder, replaced by the foundation work
