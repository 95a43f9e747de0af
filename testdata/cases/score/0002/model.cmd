funnel fit --leads testdata/cases/score/0002/train.csv --target won --features x1,region --model testdata/cases/score/0002/model.json
