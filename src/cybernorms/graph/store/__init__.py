"""graph/store"""
