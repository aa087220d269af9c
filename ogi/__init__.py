"""The application around the extractors: the command line, the pipeline steps (extract, build,
validate, publish), data quality with Great Expectations, accuracy scoring, the audit page and
synthetic data. It imports ``extract``; ``extract`` never imports it."""
