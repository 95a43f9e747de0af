funnel fit --leads testdata/cases/score/0003/train.csv --target won --features industry --model testdata/cases/score/0003/model.json
