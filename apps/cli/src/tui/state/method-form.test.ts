import { FORM_FIELDS, initialFormValues, methodDefaults, validateMethodForm, visibleFields } from './method-form.js';
import type { FormContext } from './method-form.js';

const context: FormContext = { cwd: '/work', dataPath: '/data/train.csv', templateName: undefined };
const values = initialFormValues({ modelPath: 'models/tiny', outputDir: 'runs/first' });

describe('method form fields', () => {
  it('take their descriptions from the run schema and the methods', () => {
    const rank = FORM_FIELDS.find((field) => field.key === 'method.r');
    expect(rank?.description).toBe('Rank of the update (PEFT r).');
    for (const field of FORM_FIELDS) expect(field.description).not.toBe('');
  });

  it('show each method its own options', () => {
    const keys = (method: Parameters<typeof visibleFields>[0]) => visibleFields(method).map((field) => field.key).filter((key) => key.startsWith('method.'));
    expect(keys('lora')).toEqual(['method.type', 'method.r', 'method.loraAlpha', 'method.loraDropout', 'method.targetModules', 'method.useRslora', 'method.useDora']);
    expect(keys('ia3')).toEqual(['method.type', 'method.targetModules', 'method.feedforwardModules']);
    expect(keys('prompt-tuning')).toEqual(['method.type', 'method.numVirtualTokens', 'method.init', 'method.initText']);
    expect(keys('p-tuning')).toEqual(['method.type', 'method.numVirtualTokens', 'method.encoderReparameterizationType', 'method.encoderHiddenSize', 'method.encoderNumLayers', 'method.encoderDropout']);
    expect(keys('prefix-tuning')).toEqual(['method.type', 'method.numVirtualTokens', 'method.encoderHiddenSize', 'method.prefixProjection']);
    expect(keys('full')).toEqual(['method.type']);
  });

  it('start from the schema defaults', () => {
    expect(values).toMatchObject({
      'method.type': 'lora',
      'method.r': '8',
      'method.loraAlpha': '16',
      'method.loraDropout': '0.05',
      'method.targetModules': '',
      'model.path': 'models/tiny',
      'model.device': 'cpu',
      'training.maxSteps': '',
      'training.batchSize': '4',
      'optimizer.learningRate': '0.0003',
      'prompt.cutoffLen': '256',
      outputDir: 'runs/first',
    });
    expect(methodDefaults('prompt-tuning')).toMatchObject({ 'method.numVirtualTokens': '8', 'method.init': 'TEXT' });
  });
});

describe('validateMethodForm', () => {
  it('builds a resolved config with absolute paths and the other screens picks', () => {
    const result = validateMethodForm('lora', { ...values, 'training.maxSteps': '5', 'method.targetModules': 'q_proj, v_proj' }, { ...context, templateName: 'alpaca' });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.config.model.path).toBe('/work/models/tiny');
    expect(result.config.outputDir).toBe('/work/runs/first');
    expect(result.config.data.path).toBe('/data/train.csv');
    expect(result.config.prompt.template).toBe('alpaca');
    expect(result.config.training.maxSteps).toBe(5);
    expect(result.config.method).toEqual({ type: 'lora', r: 8, loraAlpha: 16, loraDropout: 0.05, targetModules: ['q_proj', 'v_proj'], useRslora: false, useDora: false });
  });

  it('reports every problem at once, by field', () => {
    const result = validateMethodForm('lora', { ...values, 'method.r': '0', 'method.loraDropout': '2', 'training.batchSize': 'four', 'model.path': '' }, context);
    expect(result.ok).toBe(false);
    expect(Object.keys(result.errors).sort()).toEqual(['method.loraDropout', 'method.r', 'model.path', 'training.batchSize']);
    expect(result.errors['training.batchSize']).toBe("Batch size must be a whole number, but got 'four'.");
    expect(result.errors['method.r']).toMatch(/^LoRA rank r: Too small/);
    expect(result.errors['model.path']).toBe('Model needs a value.');
  });

  it('reports a missing data file as a form error', () => {
    const result = validateMethodForm('full', values, { ...context, dataPath: '' });
    expect(result.ok).toBe(false);
    expect(result.formErrors).toEqual([expect.stringMatching(/^data\.path: /)]);
  });
});
