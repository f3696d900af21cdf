"""Fairs: editions, booths and their QR cards, attribution of what a booth brings in, contacts met there."""
