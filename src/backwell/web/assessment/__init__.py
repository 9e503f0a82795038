"""The assessment wizard: safety screen, about you, pain drawing, questionnaires, self-tests, results."""
