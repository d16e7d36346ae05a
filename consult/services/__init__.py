"""Domain operations. Services flush, never commit: the request or command commits once."""
