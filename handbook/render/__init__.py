"""The renderer: the macro context and invocation, generated blocks, citation cards and
the citation style. It imports the core, never a host."""
