// @stochgrad/mcmc — the table of contents.
