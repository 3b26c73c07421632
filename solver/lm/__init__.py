"""The LM runtime shared by both branches: model loading, the transformers and vLLM backends behind one
protocol, one per-process cache, and tokenization helpers (exactly one BOS)."""
