/**
 * MJCF of Walker2d-v5: a planar biped (root slide x, slide z with reference 1.25, hinge y; right
 * and left thigh, leg, foot hinges), RK4 at 0.002 s, motor gears 100, both feet with friction 1.9.
 * Written from the model facts of Gymnasium's `envs/mujoco/assets/walker2d_v5.xml` (MIT,
 * © 2016 OpenAI, 2022 Farama Foundation).
 */
export const walker2dXml = `
<mujoco model="walker2d">
  <compiler angle="degree" inertiafromgeom="true"/>
  <option timestep="0.002" integrator="RK4"/>
  <default>
    <joint limited="true" armature="0.01" damping=".1"/>
    <geom contype="1" conaffinity="0" condim="3" density="1000" friction=".7 .1 .1" rgba="0.8 0.6 .4 1"/>
  </default>
  <worldbody>
    <geom name="floor" type="plane" size="40 40 40" pos="0 0 0" conaffinity="1" condim="3" rgba="0.8 0.9 0.8 1"/>
    <body name="torso" pos="0 0 1.25">
      <joint name="rootx" type="slide" axis="1 0 0" pos="0 0 -1.25" limited="false" armature="0" damping="0" stiffness="0"/>
      <joint name="rootz" type="slide" axis="0 0 1" pos="0 0 -1.25" ref="1.25" limited="false" armature="0" damping="0" stiffness="0"/>
      <joint name="rooty" type="hinge" axis="0 1 0" pos="0 0 0" limited="false" armature="0" damping="0" stiffness="0"/>
      <geom name="torso_geom" type="capsule" size="0.050000000000000003 0.19999999999999996" friction="0.9"/>
      <body name="thigh" pos="0 0 -0.19999999999999996">
        <joint name="thigh_joint" type="hinge" axis="0 -1 0" pos="0 0 0" range="-150 0"/>
        <geom name="thigh_geom" type="capsule" size="0.050000000000000003 0.22500000000000003" pos="0 0 -0.22500000000000009" friction="0.9"/>
        <body name="leg" pos="0 0 -0.70000000000000007">
          <joint name="leg_joint" type="hinge" axis="0 -1 0" pos="0 0 0.25" range="-150 0"/>
          <geom name="leg_geom" type="capsule" size="0.040000000000000001 0.25" friction="0.9"/>
          <body name="foot" pos="0.20000000000000001 0 -0.34999999999999998">
            <joint name="foot_joint" type="hinge" axis="0 -1 0" pos="-0.20000000000000001 0 0.10000000000000001" range="-45 45"/>
            <geom name="foot_geom" type="capsule" size="0.059999999999999998 0.10000000000000001" pos="-0.10000000000000001 0 0.10000000000000001" quat="0.70710678118654757 0 -0.70710678118654746 0" friction="1.9"/>
          </body>
        </body>
      </body>
      <body name="thigh_left" pos="0 0 -0.19999999999999996">
        <joint name="thigh_left_joint" type="hinge" axis="0 -1 0" pos="0 0 0" range="-150 0"/>
        <geom name="thigh_left_geom" type="capsule" size="0.050000000000000003 0.22500000000000003" pos="0 0 -0.22500000000000009" friction="0.9" rgba=".7 .3 .6 1"/>
        <body name="leg_left" pos="0 0 -0.70000000000000007">
          <joint name="leg_left_joint" type="hinge" axis="0 -1 0" pos="0 0 0.25" range="-150 0"/>
          <geom name="leg_left_geom" type="capsule" size="0.040000000000000001 0.25" friction="0.9" rgba=".7 .3 .6 1"/>
          <body name="foot_left" pos="0.20000000000000001 0 -0.34999999999999998">
            <joint name="foot_left_joint" type="hinge" axis="0 -1 0" pos="-0.20000000000000001 0 0.10000000000000001" range="-45 45"/>
            <geom name="foot_left_geom" type="capsule" size="0.059999999999999998 0.10000000000000001" pos="-0.10000000000000001 0 0.10000000000000001" quat="0.70710678118654757 0 -0.70710678118654746 0" friction="1.9" rgba=".7 .3 .6 1"/>
          </body>
        </body>
      </body>
    </body>
  </worldbody>
  <actuator>
    <motor joint="thigh_joint" gear="100" ctrllimited="true" ctrlrange="-1.0 1.0"/>
    <motor joint="leg_joint" gear="100" ctrllimited="true" ctrlrange="-1.0 1.0"/>
    <motor joint="foot_joint" gear="100" ctrllimited="true" ctrlrange="-1.0 1.0"/>
    <motor joint="thigh_left_joint" gear="100" ctrllimited="true" ctrlrange="-1.0 1.0"/>
    <motor joint="leg_left_joint" gear="100" ctrllimited="true" ctrlrange="-1.0 1.0"/>
    <motor joint="foot_left_joint" gear="100" ctrllimited="true" ctrlrange="-1.0 1.0"/>
  </actuator>
</mujoco>
`;
