enum FrontendsPlaceholder {}
