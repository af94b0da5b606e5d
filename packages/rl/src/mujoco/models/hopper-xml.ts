/**
 * MJCF of Hopper-v5: a planar one-legged hopper (root slide x, slide z with reference 1.25, hinge
 * y; thigh, leg, foot hinges), RK4 at 0.002 s, motor gears 200. Written from the model facts of
 * Gymnasium's `envs/mujoco/assets/hopper.xml` (MIT, © 2016 OpenAI, 2022 Farama Foundation; that
 * model is based on OpenAI Gym's Walker2d, modified by @saran_t).
 */
export const hopperXml = `
<mujoco model="hopper">
  <compiler angle="degree" inertiafromgeom="true"/>
  <option timestep="0.002" integrator="RK4"/>
  <default>
    <joint limited="true" armature="1" damping="1"/>
    <geom contype="1" conaffinity="1" condim="1" margin="0.001" solref=".02 1" solimp=".8 .8 .01" rgba="0.8 0.6 .4 1"/>
    <motor ctrllimited="true" ctrlrange="-.4 .4"/>
  </default>
  <worldbody>
    <geom name="floor" type="plane" size="20 20 .125" pos="0 0 0" conaffinity="1" condim="3" rgba="0.8 0.9 0.8 1"/>
    <body name="torso" pos="0 0 1.25">
      <joint name="rootx" type="slide" axis="1 0 0" pos="0 0 -1.25" limited="false" armature="0" damping="0" stiffness="0"/>
      <joint name="rootz" type="slide" axis="0 0 1" pos="0 0 -1.25" ref="1.25" limited="false" armature="0" damping="0" stiffness="0"/>
      <joint name="rooty" type="hinge" axis="0 1 0" pos="0 0 0" limited="false" armature="0" damping="0" stiffness="0"/>
      <geom name="torso_geom" type="capsule" size="0.05 0.19999999999999996" friction="0.9"/>
      <body name="thigh" pos="0 0 -0.19999999999999996">
        <joint name="thigh_joint" type="hinge" axis="0 -1 0" pos="0 0 0" range="-150 0"/>
        <geom name="thigh_geom" type="capsule" size="0.05 0.22500000000000003" pos="0 0 -0.22500000000000009" friction="0.9"/>
        <body name="leg" pos="0 0 -0.70000000000000007">
          <joint name="leg_joint" type="hinge" axis="0 -1 0" pos="0 0 0.25" range="-150 0"/>
          <geom name="leg_geom" type="capsule" size="0.04 0.25" friction="0.9"/>
          <body name="foot" pos="0.13 0 -0.35">
            <joint name="foot_joint" type="hinge" axis="0 -1 0" pos="-0.13 0 0.1" range="-45 45"/>
            <geom name="foot_geom" type="capsule" size="0.06 0.195" pos="-0.065 0 0.1" quat="0.70710678118654757 0 -0.70710678118654746 0" friction="2.0"/>
          </body>
        </body>
      </body>
    </body>
  </worldbody>
  <actuator>
    <motor joint="thigh_joint" gear="200.0" ctrllimited="true" ctrlrange="-1.0 1.0"/>
    <motor joint="leg_joint" gear="200.0" ctrllimited="true" ctrlrange="-1.0 1.0"/>
    <motor joint="foot_joint" gear="200.0" ctrllimited="true" ctrlrange="-1.0 1.0"/>
  </actuator>
</mujoco>
`;
