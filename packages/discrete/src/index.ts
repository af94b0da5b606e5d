// @stochgrad/discrete — the table of contents.
