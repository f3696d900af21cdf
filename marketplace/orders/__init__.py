"""Buying: the cart, checkout, orders with one fulfilment per producer, and their events."""
