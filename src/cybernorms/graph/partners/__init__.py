"""graph/partners"""
