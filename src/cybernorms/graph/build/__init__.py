"""graph/build"""
