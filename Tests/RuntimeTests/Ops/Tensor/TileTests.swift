import OnnxFormat
import Testing
@testable import Runtime

@Suite struct TileTests {
    @Test(arguments: OpFixtures.cases("Tensor/Tile"))
    func fixture(_ name: String) throws { try OpFixtures.check(name) }
}
