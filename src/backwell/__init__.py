"""backwell: find what is out of balance in your back and follow a safe, personalised program."""
