"""The catalogue: what producers list (products, variants, photos, provenance, lots) and the
lists staff keep for it (categories, heritage elements)."""
