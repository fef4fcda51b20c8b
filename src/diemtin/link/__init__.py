"""Linking articles: signatures, near-duplicate candidates, verification, stories."""
