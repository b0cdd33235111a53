"""Users, sign-in, terminals and the first start: who may do what, and where."""
