"""The handbook as data: what other sites and tools can link to and reuse.

Built from the loaded project (the registry, the bibliography and every citation the collect
pass recorded) and written next to the built site:

* :mod:`.records`: the entities, the citations and the source passages as JSON records;
* :mod:`.bibexport`: the bibliography as CSL-JSON and as BibTeX;
* :mod:`.inventory`: a Sphinx ``objects.inv`` (format 2) with a target for every page,
  entity and source passage;
* :mod:`.pagemeta`: what each page's head and foot carry: JSON-LD, the date it was last
  changed and "Cite this page" (plain text, BibTeX, RIS);
* :mod:`.addresses`: the published addresses (entity URLs and passage anchors) the check
  keeps working, and the redirects of renamed pages;
* :mod:`.schemas`: the JSON Schemas of the published files;
* :mod:`.history`: when each page was last changed, from the repository's history;
* :mod:`.write`: all of it into ``site/data/``.

No MkDocs here: the host adapter (:mod:`handbook.hosts.mkdocs_plugin`) calls these.
URLs are site-relative (mkdocs.yml has no ``site_url``).
"""
