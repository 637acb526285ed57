"""The host adapters: the MkDocs plugins, the navigation, the serve cache, the Pagefind
search index, the Python-Markdown extension and ``handbook prebuild``."""
