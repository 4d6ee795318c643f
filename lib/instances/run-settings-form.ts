// The wizard's container run settings as form fields → the API's JSON (pure: used by the server actions). Words are
// split on spaces (as the command always was); empty fields are the image's own; a health check only when a type is
// chosen. Numbers that are not numbers stay text for the schema to refuse next to their field.
import { formNumber } from '@/lib/form-number';

/** The image field's value that means "an image reference, typed in the next field". */
export const OWN_IMAGE_CHOICE = '__ref';

const words = (s: string) => (s.trim() ? s.trim().split(/\s+/) : []);

export function runSettingsFromForm(get: (k: string) => string) {
  const type = get('healthType');
  const timing = {
    intervalS: formNumber(get('healthInterval')),
    timeoutS: formNumber(get('healthTimeout')),
    retries: formNumber(get('healthRetries')),
    startPeriodS: formNumber(get('healthStartPeriod')),
  };
  const healthCheck =
    type === 'http'
      ? { type, port: formNumber(get('healthPort')), path: get('healthPath').trim(), ...timing }
      : type === 'tcp'
        ? { type, port: formNumber(get('healthPort')), ...timing }
        : type === 'command'
          ? { type, command: words(get('healthCommand')), ...timing }
          : null;
  return {
    command: words(get('command')),
    entrypoint: words(get('entrypoint')),
    workingDir: get('workingDir').trim(),
    user: get('user').trim(),
    healthCheck,
  };
}
