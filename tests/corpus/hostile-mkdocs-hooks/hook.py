# A hook: MkDocs would import and run this file.
