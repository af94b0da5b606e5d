// @stochgrad/entropy — the table of contents.
