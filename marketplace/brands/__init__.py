"""Collective brands: the registry staff keep, the authorisations stewards give, and the review
of product listings that claim a brand's seal."""
