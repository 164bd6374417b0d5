2model!a2)a!parity  a-x9)forest!forest. straße
x9.2x9. straße!onnx'model
parity!2)über'swift, swift x9; model swift(model-2Tree2swift-onnx
onnx.Bx