"""Payments: Stripe Checkout for cards, staff-confirmed bank transfers and Yape, refunds."""
