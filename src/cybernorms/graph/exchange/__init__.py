"""graph/exchange"""
