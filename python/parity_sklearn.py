"""scikit-learn frontend for Parity: build a demo estimator (or load a pickle/joblib file),
export it to ONNX with skl2onnx, and compute the estimator's own outputs (predict,
predict_proba / decision_function, transform) on the same inputs as the parity reference.

Called from Swift (Frontends/Sklearn) through the embedded interpreter. Arguments and
results are plain Python values and numpy arrays; string arrays cross as
{"strings": [...], "shape": [...]}.
"""
import contextlib
import difflib
import io
import os
import time
import warnings

PICKLE_SUFFIXES = (".pkl", ".pickle", ".joblib")


class ParityUsageError(Exception):
    """A problem with what the user asked for (unknown demo, bad file, refused pickle): exit 2."""


class ParityUnsupportedError(Exception):
    """skl2onnx cannot convert the estimator: exit 2, with skl2onnx's own message."""


# ---- data ---------------------------------------------------------------------------

def _dataset(name, seed):
    """(X, y) of a dataset shipped with scikit-learn (no download), or a seeded generator."""
    import numpy as np
    from sklearn import datasets

    loaders = {"iris": datasets.load_iris, "breast_cancer": datasets.load_breast_cancer,
               "diabetes": datasets.load_diabetes, "digits": datasets.load_digits, "wine": datasets.load_wine}
    if name in loaders:
        X, y = loaders[name](return_X_y=True)
        return np.asarray(X, dtype=np.float64), y
    if name == "blobs":
        return datasets.make_blobs(n_samples=200, centers=4, n_features=5, random_state=seed)
    if name == "regression2":
        return datasets.make_regression(n_samples=200, n_features=6, n_targets=2, noise=0.5, random_state=seed)
    raise ParityUsageError(f"unknown dataset {name}")


def _scaled(X):
    from sklearn.preprocessing import StandardScaler

    return StandardScaler().fit_transform(X)


def _categorical(seed, strings=False):
    """A seeded table of categorical columns (int64 codes, or strings)."""
    import numpy as np

    rng = np.random.default_rng(seed)
    X = rng.integers(0, 4, size=(120, 3)).astype(np.int64)
    if strings:
        names = np.array(["red", "green", "blue", "grey"], dtype=object)
        return names[X]
    return X


def _corpus(seed):
    import numpy as np

    rng = np.random.default_rng(seed)
    words = ["model", "parity", "onnx", "swift", "tree", "forest", "linear", "kernel", "score", "label"]
    return np.array([" ".join(rng.choice(words, size=int(rng.integers(3, 9)))) for _ in range(60)], dtype=object)


# ---- demos ----------------------------------------------------------------------------

def _demos():
    """name -> (builder(seed) -> (estimator, X_fit, y_fit or None), dataset description)."""
    from sklearn import (calibration, cluster, decomposition, ensemble, feature_extraction, impute,
                         linear_model, naive_bayes, neighbors, neural_network, preprocessing, svm, tree)
    from sklearn.compose import ColumnTransformer
    from sklearn.pipeline import Pipeline

    def sup(make, data, scale=False):
        def build(seed):
            X, y = _dataset(data, seed)
            if scale:
                X = _scaled(X)
            return make(seed), X, y
        return build, data + (" (standardised)" if scale else "")

    def string_labels(make, data):
        def build(seed):
            import numpy as np
            from sklearn import datasets

            bunch = getattr(datasets, f"load_{data}")()
            return make(seed), _scaled(np.asarray(bunch.data, dtype=np.float64)), np.asarray(bunch.target_names)[bunch.target]
        return build, data + " (standardised, string class labels)"

    def unsup(make, data, transform=None):
        def build(seed):
            X, _ = _dataset(data, seed)
            if transform:
                X = transform(X, seed)
            return make(seed), X, None
        return build, data

    def with_nans(X, seed):
        import numpy as np

        X = X.copy()
        rng = np.random.default_rng(seed)
        X[rng.random(X.shape) < 0.1] = np.nan
        return X

    d = {
        # classifiers
        "LogisticRegression": sup(lambda s: linear_model.LogisticRegression(max_iter=500), "iris", True),
        "LogisticRegression_strings": string_labels(lambda s: linear_model.LogisticRegression(max_iter=500), "iris"),
        "RandomForestClassifier_strings": string_labels(lambda s: ensemble.RandomForestClassifier(n_estimators=10, max_depth=4, random_state=s), "wine"),
        "SGDClassifier": sup(lambda s: linear_model.SGDClassifier(loss="log_loss", random_state=s), "breast_cancer", True),
        "LinearSVC": sup(lambda s: svm.LinearSVC(random_state=s), "iris", True),
        "SVC": sup(lambda s: svm.SVC(kernel="rbf", probability=True, random_state=s), "iris", True),
        "SVC_linear": sup(lambda s: svm.SVC(kernel="linear", probability=True, random_state=s), "breast_cancer", True),
        "KNeighborsClassifier": sup(lambda s: neighbors.KNeighborsClassifier(n_neighbors=5), "iris", True),
        "DecisionTreeClassifier": sup(lambda s: tree.DecisionTreeClassifier(max_depth=5, random_state=s), "iris"),
        "RandomForestClassifier": sup(lambda s: ensemble.RandomForestClassifier(n_estimators=20, max_depth=6, random_state=s), "wine"),
        "ExtraTreesClassifier": sup(lambda s: ensemble.ExtraTreesClassifier(n_estimators=20, max_depth=6, random_state=s), "wine"),
        "GradientBoostingClassifier": sup(lambda s: ensemble.GradientBoostingClassifier(n_estimators=30, random_state=s), "breast_cancer"),
        "HistGradientBoostingClassifier": sup(lambda s: ensemble.HistGradientBoostingClassifier(max_iter=30, random_state=s), "iris"),
        "AdaBoostClassifier": sup(lambda s: ensemble.AdaBoostClassifier(n_estimators=20, random_state=s), "iris"),
        "MLPClassifier": sup(lambda s: neural_network.MLPClassifier(hidden_layer_sizes=(32,), max_iter=300, random_state=s), "digits", True),
        "GaussianNB": sup(lambda s: naive_bayes.GaussianNB(), "iris"),
        "BernoulliNB": sup(lambda s: naive_bayes.BernoulliNB(binarize=0.0), "breast_cancer", True),
        "MultinomialNB": sup(lambda s: naive_bayes.MultinomialNB(), "digits"),
        "VotingClassifier": sup(lambda s: ensemble.VotingClassifier(
            [("lr", linear_model.LogisticRegression(max_iter=500)), ("dt", tree.DecisionTreeClassifier(max_depth=4, random_state=s)),
             ("nb", naive_bayes.GaussianNB())], voting="soft", flatten_transform=False), "iris", True),
        "StackingClassifier": sup(lambda s: ensemble.StackingClassifier(
            [("lr", linear_model.LogisticRegression(max_iter=500)), ("nb", naive_bayes.GaussianNB())],
            final_estimator=linear_model.LogisticRegression(max_iter=500)), "iris", True),
        "CalibratedClassifierCV": sup(lambda s: calibration.CalibratedClassifierCV(svm.LinearSVC(random_state=s), cv=3), "breast_cancer", True),
        # regressors
        "LinearRegression": sup(lambda s: linear_model.LinearRegression(), "diabetes", True),
        "Ridge": sup(lambda s: linear_model.Ridge(alpha=1.0), "diabetes", True),
        "Lasso": sup(lambda s: linear_model.Lasso(alpha=0.1), "diabetes", True),
        "ElasticNet": sup(lambda s: linear_model.ElasticNet(alpha=0.1), "diabetes", True),
        "SVR": sup(lambda s: svm.SVR(C=50.0), "diabetes", True),
        "KNeighborsRegressor": sup(lambda s: neighbors.KNeighborsRegressor(n_neighbors=5), "diabetes", True),
        "DecisionTreeRegressor": sup(lambda s: tree.DecisionTreeRegressor(max_depth=6, random_state=s), "diabetes"),
        "RandomForestRegressor": sup(lambda s: ensemble.RandomForestRegressor(n_estimators=20, max_depth=6, random_state=s), "diabetes"),
        "ExtraTreesRegressor": sup(lambda s: ensemble.ExtraTreesRegressor(n_estimators=20, max_depth=6, random_state=s), "diabetes"),
        "GradientBoostingRegressor": sup(lambda s: ensemble.GradientBoostingRegressor(n_estimators=30, random_state=s), "diabetes"),
        "HistGradientBoostingRegressor": sup(lambda s: ensemble.HistGradientBoostingRegressor(max_iter=30, random_state=s), "diabetes"),
        "MLPRegressor": sup(lambda s: neural_network.MLPRegressor(hidden_layer_sizes=(32,), max_iter=500, random_state=s), "diabetes", True),
        # clustering
        "KMeans": unsup(lambda s: cluster.KMeans(n_clusters=3, n_init=3, random_state=s), "iris"),
        # transformers
        "PCA": unsup(lambda s: decomposition.PCA(n_components=8, random_state=s), "digits"),
        "TruncatedSVD": unsup(lambda s: decomposition.TruncatedSVD(n_components=8, random_state=s), "digits"),
        "StandardScaler": unsup(lambda s: preprocessing.StandardScaler(), "wine"),
        "MinMaxScaler": unsup(lambda s: preprocessing.MinMaxScaler(), "wine"),
        "RobustScaler": unsup(lambda s: preprocessing.RobustScaler(), "wine"),
        "MaxAbsScaler": unsup(lambda s: preprocessing.MaxAbsScaler(), "wine"),
        "Normalizer": unsup(lambda s: preprocessing.Normalizer(), "wine"),
        "Binarizer": unsup(lambda s: preprocessing.Binarizer(threshold=0.0), "wine", lambda X, s: _scaled(X)),
        "PolynomialFeatures": unsup(lambda s: preprocessing.PolynomialFeatures(degree=2), "diabetes", lambda X, s: X[:, :4]),
        "SimpleImputer": unsup(lambda s: impute.SimpleImputer(strategy="mean"), "wine", with_nans),
        "OneHotEncoder": (lambda s: (preprocessing.OneHotEncoder(handle_unknown="ignore"), _categorical(s), None), "seeded int64 categories"),
        "OrdinalEncoder": (lambda s: (preprocessing.OrdinalEncoder(), _categorical(s, strings=True), None), "seeded string categories"),
        "TfidfVectorizer": (lambda s: (feature_extraction.text.TfidfVectorizer(), _corpus(s), None), "seeded 60-document corpus"),
        "Pipeline": sup(lambda s: Pipeline([("scale", preprocessing.StandardScaler()), ("pca", decomposition.PCA(n_components=5)),
                                            ("lr", linear_model.LogisticRegression(max_iter=500))]), "wine"),
        "ColumnTransformer": unsup(lambda s: ColumnTransformer([("std", preprocessing.StandardScaler(), [0, 1, 2, 3]),
                                                               ("minmax", preprocessing.MinMaxScaler(), [4, 5, 6])],
                                                              remainder="drop"), "wine"),
    }
    return d


def demo_names():
    """The estimator names `parity export-check NAME --from sklearn` builds."""
    return sorted(_demos())


def _resolve(name):
    demos = _demos()
    if name in demos:
        return name
    lower = {k.lower(): k for k in demos}
    if name.lower() in lower:
        return lower[name.lower()]
    close = difflib.get_close_matches(name, list(demos), n=3, cutoff=0.5)
    hint = f"; did you mean {', '.join(close)}?" if close else ""
    raise ParityUsageError(f"unknown scikit-learn demo '{name}'{hint} (`parity export-check --list-models --from sklearn` lists all)")


# ---- files ---------------------------------------------------------------------------

def _load_estimator(path, allow_pickle):
    if not os.path.exists(path):
        raise ParityUsageError(f"{path}: no such file")
    if not allow_pickle:
        raise ParityUsageError(
            f"{path}: refusing to unpickle: loading a pickle or joblib file executes arbitrary code from it. "
            "Pass --allow-pickle only for a file you trust.")
    try:
        if path.endswith(".joblib"):
            import joblib

            obj = joblib.load(path)
        else:
            import pickle

            with open(path, "rb") as f:
                obj = pickle.load(f)
    except Exception as e:  # a corrupt or foreign file raises many types
        first = str(e).splitlines()[0] if str(e) else type(e).__name__
        raise ParityUsageError(f"{path}: cannot load: {type(e).__name__}: {first}")
    from sklearn.base import BaseEstimator

    if not isinstance(obj, BaseEstimator):
        raise ParityUsageError(f"{path}: holds a {type(obj).__module__}.{type(obj).__name__}, not a scikit-learn estimator or Pipeline")
    return obj


def _load_input(path):
    import numpy as np

    if not os.path.exists(path):
        raise ParityUsageError(f"{path}: no such file")
    try:
        if path.endswith(".npy"):
            return np.load(path, allow_pickle=False)
        if path.endswith(".npz"):
            with np.load(path, allow_pickle=False) as z:
                key = "X" if "X" in z.files else (z.files[0] if z.files else None)
                if key is None:
                    raise ParityUsageError(f"{path}: the archive holds no array")
                return z[key]
        if path.endswith(".csv"):
            with open(path) as f:
                first = f.readline()
            try:
                [float(v) for v in first.strip().split(",") if v.strip()]
                skip = 0
            except ValueError:
                skip = 1  # a header line
            return np.loadtxt(path, delimiter=",", skiprows=skip, ndmin=2)
    except ParityUsageError:
        raise
    except Exception as e:
        raise ParityUsageError(f"{path}: cannot read: {type(e).__name__}: {str(e).splitlines()[0] if str(e) else ''}")
    raise ParityUsageError(f"{path}: --input must be a .npy, .npz or .csv file")


# ---- kinds, options, reference ---------------------------------------------------------

def _kind(est):
    from sklearn.base import is_classifier, is_regressor

    if is_classifier(est):
        return "classifier"
    if is_regressor(est):
        return "regressor"
    if hasattr(est, "predict") and hasattr(est, "transform") and hasattr(est, "cluster_centers_"):
        return "cluster"
    if hasattr(est, "transform"):
        return "transformer"
    return "other"


def _tree_models(est):
    """Every fitted sklearn tree inside `est` (forests, boosting, AdaBoost), with the
    transformer steps that feed it (for a Pipeline whose last step holds trees)."""
    from sklearn.pipeline import Pipeline
    from sklearn.tree import BaseDecisionTree

    if isinstance(est, Pipeline):
        trees, _ = _tree_models(est.steps[-1][1])
        return trees, est[:-1] if trees else None
    if isinstance(est, BaseDecisionTree):
        return [est], None
    found = []
    for e in getattr(est, "estimators_", []) if hasattr(est, "estimators_") else []:
        import numpy as np

        for t in np.ravel(np.asarray(e, dtype=object)):
            if isinstance(t, BaseDecisionTree):
                found.append(t)
    return found, None


def _onnx_thresholds(proto):
    """The split thresholds of every tree in the ONNX graph, in graph order then tree id
    order: a list of {node id: threshold} (from nodes_values or nodes_values_as_tensor)."""
    import numpy as np
    from onnx import numpy_helper

    trees = []
    for n in proto.graph.node:
        if n.op_type not in ("TreeEnsembleRegressor", "TreeEnsembleClassifier"):
            continue
        a = {x.name: x for x in n.attribute}
        if "nodes_values_as_tensor" in a:
            values = numpy_helper.to_array(a["nodes_values_as_tensor"].t).astype(np.float64).tolist()
        else:
            values = [float(v) for v in a["nodes_values"].floats]
        by_tree = {}
        for t, i, v in zip(a["nodes_treeids"].ints, a["nodes_nodeids"].ints, values):
            by_tree.setdefault(int(t), {})[int(i)] = v
        trees += [by_tree[t] for t in sorted(by_tree)]
    return trees


def _threshold_rows(est, X, onnx_dtype, proto):
    """Rows whose decision path in some tree differs between scikit-learn (float32(x) <=
    float64 threshold) and the ONNX model (x in the exported type <= the threshold the
    model stores: skl2onnx adjusts it so that float32 inputs decide alike, but a float
    attribute cannot hold the double path's adjustment). Those rows may legitimately
    disagree; they are reported as such."""
    import numpy as np

    trees, prefix = _tree_models(est)
    if not trees:
        return []
    stored = _onnx_thresholds(proto)
    if len(stored) != len(trees):
        stored = [None] * len(trees)  # unmatched layout: assume thresholds rounded to float32
    if prefix is not None:
        X = prefix.transform(X)
    X = np.asarray(X, dtype=np.float64)
    x_sk = X.astype(np.float32).astype(np.float64)
    x_onnx = X.astype(onnx_dtype).astype(np.float64)
    rows = set()
    for t, onnx_th in zip(trees, stored):
        tr = t.tree_
        th_sk = tr.threshold
        if onnx_th is None:
            th_onnx = th_sk.astype(np.float32).astype(np.float64)
        else:
            th_onnx = np.array([onnx_th.get(i, th_sk[i]) for i in range(len(th_sk))], dtype=np.float64)
        for r in range(X.shape[0]):
            if r in rows:
                continue
            a = b = 0
            while tr.children_left[a] != -1 or tr.children_left[b] != -1:
                if a != b:
                    break
                f = tr.feature[a]
                a = tr.children_left[a] if x_sk[r, f] <= th_sk[a] else tr.children_right[a]
                b = tr.children_left[b] if x_onnx[r, f] <= th_onnx[b] else tr.children_right[b]
            if a != b:
                rows.add(r)
    return sorted(rows)


def _options(est, kind):
    """skl2onnx options chosen for this estimator, and why (reported)."""
    opts, why = {}, []
    if kind == "classifier":
        opts["zipmap"] = True
        why.append("zipmap on (skl2onnx's default: probabilities as a sequence of maps, class -> probability)")
    return ({id(est): opts} if opts else None), why


def _reference(est, kind, X):
    """The estimator's own outputs, in skl2onnx's output order."""
    import numpy as np

    if kind == "classifier":
        label = est.predict(X)
        if hasattr(est, "predict_proba") and _has_proba(est):
            scores, what = est.predict_proba(X), "predict_proba"
        else:
            scores, what = est.decision_function(X), "decision_function"
            if scores.ndim == 1:
                scores = np.stack([-scores, scores], axis=1)
                what += " as [-d, d]"
        return [label, scores], ["predict", what]
    if kind == "regressor":
        return [est.predict(X)], ["predict"]
    if kind == "cluster":
        return [est.predict(X), est.transform(X)], ["predict", "transform (distances)"]
    return [est.transform(X)], ["transform"]


def reference_outputs(est, kind, X):
    """The estimator's own outputs for rows X (what `parity bench` times)."""
    return _reference(est, kind, X)[0]


_LAST = [None]


def last_estimator():
    """(estimator, kind) of the last export_check call (for `parity bench`), or None."""
    return _LAST[0]


def _has_proba(est):
    try:
        getattr(est, "predict_proba")
        return True
    except AttributeError:
        return False


def _to_output(value, declared_elem, declared_rank):
    """A reference array shaped and typed as the ONNX output declares."""
    import numpy as np
    from onnx import TensorProto

    a = value.toarray() if hasattr(value, "toarray") else np.asarray(value)
    if a.dtype.kind in "OUS":
        flat = [str(v) for v in a.ravel()]
        shape = list(a.shape)
        return {"strings": flat, "shape": shape}
    if declared_rank == 2 and a.ndim == 1:
        a = a.reshape(-1, 1)
    types = {TensorProto.FLOAT: np.float32, TensorProto.DOUBLE: np.float64, TensorProto.INT64: np.int64,
             TensorProto.INT32: np.int32, TensorProto.BOOL: np.bool_}
    if declared_elem in types:
        a = a.astype(types[declared_elem])
    return np.ascontiguousarray(a)


def _to_input(X):
    import numpy as np

    a = np.asarray(X)
    if a.dtype.kind in "OUS":
        return {"strings": [str(v) for v in a.ravel()], "shape": list(a.shape)}
    return np.ascontiguousarray(a)


def _count_parameters(est):
    import numpy as np

    total = 0
    for name in ("coef_", "intercept_", "support_vectors_", "dual_coef_", "cluster_centers_", "components_",
                 "theta_", "var_", "feature_log_prob_", "coefs_", "intercepts_", "mean_", "scale_"):
        v = getattr(est, name, None)
        if isinstance(v, list):
            total += sum(int(np.size(x)) for x in v)
        elif v is not None:
            total += int(np.size(v))
    trees, _ = _tree_models(est)
    total += sum(int(t.tree_.node_count) for t in trees)
    return total


def _exception_summary(e, limit=160):
    """`Type: message` cut to `limit` characters, with the innermost cause (skl2onnx often
    wraps the real reason in a message that dumps every attribute)."""
    def one(x):
        text = " ".join(str(x).split())
        return f"{type(x).__name__}: {text[:limit] + ' ...' if len(text) > limit else text}"

    root = e
    while root.__cause__ is not None or (root.__context__ is not None and not root.__suppress_context__):
        root = root.__cause__ or root.__context__
    return one(e) if root is e else f"{one(e)} (cause: {one(root)})"


# ---- the check --------------------------------------------------------------------------

def export_check(model, onnx_path, dtype="float32", input_path="", allow_pickle=False, seed=0,
                 opset=0, rows=0, zipmap="", batches=None):
    """Build (demo name) or load (pickle/joblib file) an estimator, export it with skl2onnx to
    `onnx_path`, and return the estimator's own outputs on the same inputs.

    dtype: "float32" (default) or "float64" (skl2onnx's double path). input_path: a .npy,
    .npz or .csv file of rows; default: the demo's dataset. rows: cap the rows checked
    (0: all). zipmap: "on"/"off" to override the automatic choice. batches: row counts of
    the cases (default: 1 and all rows); rows repeat cyclically when a batch is larger than
    the data (`parity bench --batch`).
    """
    import numpy as np
    import onnx
    import sklearn
    import skl2onnx

    if dtype not in ("float32", "float64"):
        raise ParityUsageError(f"--dtype must be float32 or float64, not {dtype}")
    notes = []
    is_file = model.endswith(PICKLE_SUFFIXES) or os.sep in model
    if is_file:
        est = _load_estimator(model, allow_pickle)
        name, source, X, dataset = os.path.basename(model), "pickle", None, None
        notes.append("loaded with --allow-pickle: unpickling executed the file's code")
    else:
        name = _resolve(model)
        build, dataset = _demos()[name]
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            est, X, y = build(seed)
            est.fit(X, y) if y is not None else est.fit(X)
        source = "sklearn-demo"
        notes.append(f"demo {name} trained on {dataset} (seed {seed})")
    if input_path:
        X = _load_input(input_path)
        notes.append(f"inputs from {os.path.basename(input_path)}")
    if X is None:
        n = getattr(est, "n_features_in_", None)
        if not n:
            raise ParityUsageError(f"{model}: give --input rows (the estimator does not say how many features it takes)")
        X = np.random.default_rng(seed + 100).standard_normal((32, int(n)))
        notes.append(f"no --input: 32 seeded standard-normal rows of {n} features")
    X = np.asarray(X)
    if X.dtype.kind in "fiu" and X.dtype != np.int64:
        X = X.astype(np.float32 if dtype == "float32" else np.float64)
    if X.ndim == 1 and X.dtype.kind not in "OUS":
        X = X.reshape(1, -1)
    if rows and X.shape[0] > rows:
        X = X[:rows]
    kind = _kind(est)

    options, why = _options(est, kind)
    if zipmap in ("on", "off") and kind == "classifier":
        options = {id(est): {"zipmap": zipmap == "on"}}
        why = [f"zipmap {zipmap} (--zipmap)"]
    notes += why
    target = {"": opset} if opset else None
    t0 = time.perf_counter()
    log = io.StringIO()
    try:
        with contextlib.redirect_stdout(log), contextlib.redirect_stderr(log), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            proto = None
            try:
                proto = skl2onnx.to_onnx(est, X[:1], options=options, target_opset=target)
            except NameError as e:
                if "Option 'zipmap'" not in str(e):
                    raise
            if proto is None:  # retried outside the handler: a new failure is not chained to it
                notes[:] = [n for n in notes if not n.startswith("zipmap")]
                notes.append("zipmap: skl2onnx's converter for this estimator has no such option (tensor outputs)")
                proto = skl2onnx.to_onnx(est, X[:1], target_opset=target)
    except Exception as e:
        raise ParityUnsupportedError(f"skl2onnx {skl2onnx.__version__} cannot convert {type(est).__name__} "
                                     f"(scikit-learn {sklearn.__version__}): {_exception_summary(e)}") from e
    export_seconds = time.perf_counter() - t0
    onnx.save(proto, onnx_path)

    t0 = time.perf_counter()
    cases = []
    sizes = sorted({int(b) for b in batches}) if batches else sorted({1, X.shape[0]})
    if any(b < 1 for b in sizes):
        raise ParityUsageError(f"batch sizes must be >= 1, not {sizes}")
    outs_decl = [(o.type.tensor_type.elem_type, len(o.type.tensor_type.shape.dim) if o.type.HasField("tensor_type") else 0,
                  o.type.HasField("sequence_type")) for o in proto.graph.output]
    output_names = [o.name for o in proto.graph.output]
    if len(proto.graph.input) != 1:
        raise ParityUnsupportedError(f"the ONNX model has {len(proto.graph.input)} inputs; Parity's sklearn check feeds one")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for b in sizes:
            xb = X[:b] if b <= X.shape[0] else X[np.arange(b) % X.shape[0]]
            # The estimator sees exactly the values the ONNX model is fed, as float64 (some
            # estimators refuse float32 rows when fitted on float64).
            refs, what = _reference(est, kind, xb.astype(np.float64) if xb.dtype.kind == "f" else xb)
            if len(refs) != len(output_names):
                raise ParityUnsupportedError(f"the ONNX model has {len(output_names)} outputs ({', '.join(output_names)}), "
                                             f"Parity computed {len(refs)} reference outputs ({', '.join(what)})")
            outs = [_to_output(r, e, k) for r, (e, k, _) in zip(refs, outs_decl)]
            threshold_rows = _threshold_rows(est, xb, np.float32 if dtype == "float32" else np.float64,
                                             proto) if X.dtype.kind == "f" else []
            cases.append({"batch": int(b), "inputs": [_to_input(xb)], "outputs": outs,
                          "threshold_rows": threshold_rows})
    reference_seconds = time.perf_counter() - t0
    _LAST[0] = (est, kind)
    notes.append("reference: " + ", ".join(f"{n} <- {w}" for n, w in zip(output_names, what)))

    label_scores, output_keys = {}, {}
    if kind == "classifier" and len(output_names) == 2:
        label_scores[output_names[0]] = output_names[1]
        if outs_decl[1][2]:
            output_keys[output_names[1]] = [str(c) for c in est.classes_]
    opsets = {o.domain or "ai.onnx": int(o.version) for o in proto.opset_import}
    ops = sorted({(n.domain + "." if n.domain else "") + n.op_type for n in proto.graph.node})
    notes.append(f"ONNX ops: {', '.join(ops)}; opsets {', '.join(f'{k} {v}' for k, v in sorted(opsets.items()))}")
    shape = list(X.shape[1:]) if X.ndim > 1 else []
    return {
        "model": name,
        "estimator": type(est).__name__,
        "kind": kind,
        "source": source,
        "dataset": dataset or "",
        "exporter": f"skl2onnx {skl2onnx.__version__}",
        "dtype": dtype,
        "opset": opsets.get("ai.onnx", 0),
        "ml_opset": opsets.get("ai.onnx.ml", 0),
        "input_names": [i.name for i in proto.graph.input],
        "output_names": output_names,
        "input_shape": shape,
        "parameters": _count_parameters(est),
        "notes": notes,
        "cases": cases,
        "label_scores": label_scores,
        "output_keys": output_keys,
        "sklearn_version": sklearn.__version__,
        "export_seconds": export_seconds,
        "reference_seconds": reference_seconds,
        "export_log": log.getvalue()[-4000:],
    }


def save_demo(name, path, seed=0):
    """Train demo `name` and pickle it to `path` (tests of the file path use this)."""
    import pickle

    build, _ = _demos()[_resolve(name)]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        est, X, y = build(seed)
        est.fit(X, y) if y is not None else est.fit(X)
    with open(path, "wb") as f:
        pickle.dump(est, f)
    return path
