"""Wholesale and export buyers: price tiers and minimums on a variant, samples, quotes and the
orders made from them."""
