/* tracking: placeholder until the runtime lands */
