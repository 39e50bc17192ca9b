"""Voice-first shop-floor assistant."""
