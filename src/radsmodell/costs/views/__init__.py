"""Cost-distribution pages, one module per area: allocations (registers, price models, runs and
comparisons), the duty-to-pay gate, and investment cases."""
