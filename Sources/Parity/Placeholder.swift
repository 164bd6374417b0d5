enum ParityPlaceholder {}
