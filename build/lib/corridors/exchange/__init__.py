"""Exchange with people and files: the validation report's tables and sentences, exports
and the Data page's downloads."""
