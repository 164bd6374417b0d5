/// The Sequence family: operators on sequences of tensors.
enum SequenceOps {
    static let table: [String: OperatorFactory] = [
        "SequenceEmpty": { try SequenceEmpty($0) },
        "SequenceConstruct": { try SequenceConstruct($0) },
        "SequenceInsert": { try SequenceInsert($0) },
        "SequenceAt": { try SequenceAt($0) },
        "SequenceErase": { try SequenceErase($0) },
        "SequenceLength": { try SequenceLength($0) },
        "SplitToSequence": { try SplitToSequence($0) },
        "ConcatFromSequence": { try ConcatFromSequence($0) },
        "SequenceMap": { try SequenceMap($0) },
    ]
}
