funnel fit --leads testdata/cases/score/0004/train.csv --target won --features visits --model testdata/cases/score/0004/model.json
