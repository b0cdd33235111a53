"""Sign-in, first start, users and the idle lock."""
