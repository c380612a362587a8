"""nlp: reads one article. Stages declared in nlp.pipeline; no imports from kb or crawler."""
from nlp.pipeline import PIPELINE_VERSION, Doc, Pipeline

__all__ = ["PIPELINE_VERSION", "Doc", "Pipeline"]
