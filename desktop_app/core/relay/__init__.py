"""Talking to the relay: endpoint and proxy rules, the HTTP client, its answers and downloads."""
