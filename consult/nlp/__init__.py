"""Embeddings, theme clustering, labels and near-duplicates for Consult.

Everything here is importable and testable without Flask or a database. Modules
import numpy/scikit-learn at most; torch and sentence-transformers are imported
lazily inside the backends, the first time a model is actually used.

- ``embed``: the :class:`~consult.nlp.embed.Embedder` protocol and ``get_embedder``.
- ``cache``: ``EmbeddingCache`` protocol, ``text_hash`` and ``embed_with_cache``.
- ``cluster``: ``cluster_embeddings`` with facilitator ``Constraints``.
- ``labels``: c-TF-IDF theme labels and representative ideas.
- ``duplicates``: near-duplicate groups and the ``SimilarIndex``.
- ``csv_clustering``: ``cluster_csv`` for the ``consult cluster-csv`` command.
"""
