"""graph/checks"""
