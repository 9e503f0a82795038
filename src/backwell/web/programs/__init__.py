"""The person's program: overview, swaps, print view and the guided daily session."""
