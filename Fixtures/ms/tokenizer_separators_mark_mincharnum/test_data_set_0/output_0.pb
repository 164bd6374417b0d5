22model22#2#2#2#22parity2a-x9)forest2forest2
straße
x922#22x92straße2onnx'model
parity22#2#22über'swift2swift2x92model2swift(model-222Tree22#2#2#2#22swift-onnx
onnx22#2#2#2#By