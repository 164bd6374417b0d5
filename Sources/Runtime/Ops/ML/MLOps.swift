/// The ai.onnx.ml domain: the traditional machine-learning operators scikit-learn models
/// export to (skl2onnx), one per file.
enum MLOps {
    static let table: [String: OperatorFactory] = [
        "ArrayFeatureExtractor": { try ArrayFeatureExtractor($0) },
        "Binarizer": { try Binarizer($0) },
        "CategoryMapper": { try CategoryMapper($0) },
        "DictVectorizer": { try DictVectorizer($0) },
        "FeatureVectorizer": { try FeatureVectorizer($0) },
        "Imputer": { try Imputer($0) },
        "LabelEncoder": { try LabelEncoder($0) },
        "LinearClassifier": { try LinearClassifier($0) },
        "LinearRegressor": { try LinearRegressor($0) },
        "Normalizer": { try Normalizer($0) },
        "OneHotEncoder": { try OneHotEncoder($0) },
        "Scaler": { try Scaler($0) },
        "SVMClassifier": { try SVMClassifier($0) },
        "SVMRegressor": { try SVMRegressor($0) },
        "TreeEnsemble": { try TreeEnsemble($0) },
        "TreeEnsembleClassifier": { try TreeEnsembleClassifier($0) },
        "TreeEnsembleRegressor": { try TreeEnsembleRegressor($0) },
        "ZipMap": { try ZipMap($0) },
    ]
}
