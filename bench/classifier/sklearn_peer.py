#!/usr/bin/env python3
"""Peer for the local classifier benchmark: scikit-learn (Debian's python3-sklearn) with the same
kind of features (sublinear TF-IDF of word 1-2-grams and character 2-5-grams inside word
boundaries) and a linear SVM (LinearSVC, C=1), the classic spam baseline.
usage: sklearn_peer.py TRAIN.tsv TEST.tsv  → one JSON line {accuracy, macro_f1, seconds}"""
import json, sys, time
from scipy.sparse import hstack
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics import accuracy_score, f1_score
from sklearn.svm import LinearSVC

def read(path):
    labels, texts = [], []
    with open(path, encoding="utf-8") as f:
        for line in f:
            label, _, text = line.rstrip("\n").partition("\t")
            labels.append(label)
            texts.append(text)
    return labels, texts

y_train, x_train = read(sys.argv[1])
y_test, x_test = read(sys.argv[2])
start = time.perf_counter()
words = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True)
chars = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True)
train = hstack([words.fit_transform(x_train), chars.fit_transform(x_train)]).tocsr()
model = LinearSVC(C=1.0).fit(train, y_train)
seconds = time.perf_counter() - start
predicted = model.predict(hstack([words.transform(x_test), chars.transform(x_test)]).tocsr())
print(json.dumps({"accuracy": round(accuracy_score(y_test, predicted), 4), "macro_f1": round(f1_score(y_test, predicted, average="macro"), 4), "seconds": round(seconds, 2)}))
