"""Corpus loading, cleaning, chunking, embedding and the FAISS index."""
