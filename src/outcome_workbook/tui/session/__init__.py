"""The guided session: a facilitator walks a team through the negotiation, step by step."""
