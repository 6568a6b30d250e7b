"""The e-mallette core: load, validate, cross-index and render the content (no mkdocs here)."""
from .issues import ContentError, Issue, Report
from .model import KnowledgeBase, load_knowledge_base, validate

__all__ = ["ContentError", "Issue", "Report", "KnowledgeBase", "load_knowledge_base", "validate"]
